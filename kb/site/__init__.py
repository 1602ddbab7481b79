"""The site: pages, charts, network, search documents and assets rendered from the graph; no mkdocs here."""
