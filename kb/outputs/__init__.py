"""What leaves the knowledge base besides the site: exports, diffs, the terminal view and new-entry templates."""
