"""The reference engine: links, code-span paths, repository files and sibling repositories."""
