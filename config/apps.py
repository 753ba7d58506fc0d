"""Application configs owned by the project itself."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class PortalStaticFilesConfig(StaticFilesConfig):
    """Static files minus the parts of KRDS that must not be served.

    KRDS's `component.css` points at icons by broken paths (the manifest storage refuses
    it), `cdn/` loads fonts and icons from an outside host, `scss/` is source and the
    `*_bak.js` files are stale copies.
    """

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "component.css",
        "component.css.map",
        "cdn",
        "scss",
        "*_bak.js",
        "html",
    ]
