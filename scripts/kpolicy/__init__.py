"""kpolicy: the kernel Rust policy knowledge base — records, validation, export."""

__version__ = "0.1.0"
