"""JavaScript and CSS that the dashboard serves itself (no CDN).

* ``/assets/vega-bundle.js``: Vega, Vega-Lite and vega-embed in one ES module-safe script, as
  built by ``vl_convert.javascript_bundle()``. Built once per process (about a second), kept in
  memory with a gzip copy, sent with a year-long cache lifetime; the page asks for it with
  ``?v=<version>`` so a new vl-convert release gets a new URL.
* ``/assets/swagger/<file>``: the Swagger UI files that django-ninja ships, for the API docs page.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import ninja
import vl_convert
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ecc_atlas.charts import VEGA_LITE_VERSION

__all__ = ["SWAGGER_FILES", "bundle_version", "swagger_asset", "vega_bundle"]

#: The bundle's entry code: put the three libraries on ``window`` for ``dashboard.js``.
GLOBALS_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
CACHE_FOREVER = "public, max-age=31536000, immutable"
JS_TYPE = "text/javascript; charset=utf-8"

#: Swagger UI files of django-ninja that may be served, with their content types.
SWAGGER_FILES: dict[str, str] = {
    "swagger-ui-bundle.js": JS_TYPE,
    "swagger-ui-init.js": JS_TYPE,
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}
_SWAGGER_DIR = Path(ninja.__file__).parent / "static" / "ninja"


@dataclass(frozen=True)
class _Bundle:
    body: bytes
    gzipped: bytes
    etag: str


_lock = threading.Lock()
_bundle: _Bundle | None = None


def bundle_version() -> str:
    """Version tag of the bundle: Vega-Lite version and the vl-convert release."""
    return f"{VEGA_LITE_VERSION}-{getattr(vl_convert, '__version__', '0')}"


def _get_bundle() -> _Bundle:
    global _bundle
    with _lock:
        if _bundle is None:
            script = vl_convert.javascript_bundle(GLOBALS_SNIPPET, vl_version=VEGA_LITE_VERSION)
            body = script.encode("utf-8")
            _bundle = _Bundle(
                body=body,
                gzipped=gzip.compress(body, compresslevel=6, mtime=0),
                etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            )
        return _bundle


@require_safe
def vega_bundle(request: HttpRequest) -> HttpResponse:
    """The Vega + Vega-Lite + vega-embed bundle as JavaScript."""
    bundle = _get_bundle()
    if request.headers.get("If-None-Match") == bundle.etag:
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(bundle.gzipped, content_type=JS_TYPE)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(bundle.body, content_type=JS_TYPE)
    response["ETag"] = bundle.etag
    response["Cache-Control"] = CACHE_FOREVER
    response["Vary"] = "Accept-Encoding"
    return response


@require_safe
def swagger_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of django-ninja's bundled Swagger UI files."""
    content_type = SWAGGER_FILES.get(name)
    if content_type is None:
        raise Http404(f"No asset {name!r}.")
    response = FileResponse((_SWAGGER_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
