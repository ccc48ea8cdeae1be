"""`make audit`: Lighthouse, axe-core and the Nu HTML Checker on a local server."""
