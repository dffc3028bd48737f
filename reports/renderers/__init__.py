"""Document renderers: each turns a saved object into (filename, content_type, bytes).
The only package that imports WeasyPrint (CONVENTIONS.md, Documents)."""
