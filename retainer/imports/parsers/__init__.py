"""Readers of chat and mail exports: plain Python, no Django. Each yields one `ParsedMessage`
per message while reading the file as a stream, and raises `ImportFileError` naming the file
and the place where it went wrong."""
