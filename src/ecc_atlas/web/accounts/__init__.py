"""Accounts: roles, memberships of organisations, the audit log, sign-in and one-time reset links.

Roles (:mod:`.roles`): public (not signed in), member (belongs to organisations), analyst, admin.
Isolation (:mod:`.permissions`): :func:`visible_organisations` and the view helpers built on it.
Audit (:mod:`.audit`): :func:`record` for sign-ins, role changes, imports, delimitation
decisions, survey submissions and exports.
"""
