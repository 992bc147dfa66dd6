"""Built-in plugin: the catalogue of the portal's e-services ("katalog e-usług")."""
