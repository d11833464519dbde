"""Reading answers written as people talk: text in, items out."""
