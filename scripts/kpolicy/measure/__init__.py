"""kpolicy measure: Rust in a kernel source release, counted from the release's own files."""
