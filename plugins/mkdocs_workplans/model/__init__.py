"""The document model: every Markdown file parsed once, shared by the CLI and the plugins."""
