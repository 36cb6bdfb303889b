"""The main window's pages: overview, data, explain, what if, share."""
