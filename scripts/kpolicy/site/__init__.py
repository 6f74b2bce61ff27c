"""The site: a pure renderer from the Catalog to pages, the MkDocs hook, and the output writer."""
