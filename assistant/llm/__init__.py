"""The language-model port and its LangChain adapter."""
