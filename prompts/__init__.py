"""Reply templates and language-model prompts as data.

A package only so that the files travel inside the installed wheel and are found with
`importlib.resources`, wherever the project is installed; it holds no code.
"""
