"""The thin layer between Django/CLI and the pure analyses: context, figures, loaders.

Modules: :mod:`~ecc_atlas.services.context` (warehouse + engine + registry decisions),
:mod:`~ecc_atlas.services.figures` (headline figures and dashboard tables),
:mod:`~ecc_atlas.services.demo` (atomic load of the demo) and
:mod:`~ecc_atlas.services.reference` (segments and population). The loaders need Django
to be set up; the context and figures need it only for the default decisions provider.
"""

from __future__ import annotations

__all__: list[str] = []
