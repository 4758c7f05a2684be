"""`ecc-atlas users …`: create accounts, list them, set roles, disable, issue reset links."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from ecc_atlas.cli.runtime import CliError, console, fail, prepare

__all__ = ["users_app"]

users_app = typer.Typer(
    help=(
        "Manage accounts. Roles: member (acts for one or more organisations), analyst (sees "
        "all data, runs imports and delimitation), admin (manages users). New users get a "
        "one-time link to choose their password; no mail server is needed."
    ),
    no_args_is_help=True,
)

HomeOption = Annotated[
    str | None,
    typer.Option(
        "--home",
        envvar="ECC_ATLAS_HOME",
        help="Data home (database, warehouse). Default ./ecc-atlas-data.",
        show_default=False,
    ),
]
BaseUrlOption = Annotated[
    str,
    typer.Option("--base-url", help="Address of the server, to print a complete reset link."),
]
HoursOption = Annotated[
    int, typer.Option("--hours", min=1, max=24 * 14, help="Hours the reset link stays valid.")
]


class RoleChoice(StrEnum):
    """Roles an account can have."""

    member = "member"
    analyst = "analyst"
    admin = "admin"


def _setup(home: str | None) -> None:
    from ecc_atlas.cli.setup import ensure_initialised

    runtime = prepare(home, create=False)
    ensure_initialised(runtime.settings)


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CliError(f"No user {username!r}. `ecc-atlas users list` shows the users.")
    return user


def _organisation(org_number: str) -> Any:
    from ecc_atlas.identifiers import InvalidOrganisationNumber, normalise_org_number
    from ecc_atlas.web.registry.models import Organisation

    try:
        number = normalise_org_number(org_number)
    except InvalidOrganisationNumber as exc:
        raise CliError(str(exc)) from exc
    organisation = Organisation.objects.filter(org_number=number).first()
    if organisation is None:
        raise CliError(f"No organisation {org_number} in the registry.")
    return organisation


def _link(user: Any, base_url: str, hours: int) -> str:
    from datetime import timedelta

    from ecc_atlas.web.accounts import audit, resets

    token = resets.issue(user, actor=audit.cli_actor(), lifetime=timedelta(hours=hours))
    return base_url.rstrip("/") + resets.reset_path(token)


def _run(action: Any) -> Any:
    try:
        return action()
    except CliError as exc:
        raise fail(str(exc)) from None


@users_app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="User name (letters, digits, @.+-_).")],
    role: Annotated[RoleChoice, typer.Option("--role", help="Role.")] = RoleChoice.member,
    org: Annotated[
        list[str] | None,
        typer.Option("--org", help="Organisation number the member acts for (repeatable)."),
    ] = None,
    email: Annotated[str, typer.Option("--email", help="E-mail address (optional).")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    home: HomeOption = None,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    hours: HoursOption = 24,
) -> None:
    """Create an account; without --password-stdin, print a one-time link to set the password."""

    def action() -> None:
        _setup(home)
        from django.contrib.auth import get_user_model, password_validation
        from django.core.exceptions import ValidationError
        from django.db import transaction

        from ecc_atlas.web.accounts import audit
        from ecc_atlas.web.accounts.models import Membership
        from ecc_atlas.web.accounts.roles import set_role

        model = get_user_model()
        if model.objects.filter(username=username).exists():
            raise CliError(f"The user {username!r} exists already.")
        try:
            model.username_validator(username)
        except ValidationError as exc:
            raise CliError(" ".join(exc.messages)) from exc
        organisations = [_organisation(number) for number in org or []]
        if organisations and role is not RoleChoice.member:
            raise CliError("--org is for members; analysts and admins see every organisation.")
        password = sys.stdin.readline().rstrip("\n") if password_stdin else None
        with transaction.atomic():
            user = model(username=username, email=email)
            if password is not None:
                try:
                    password_validation.validate_password(password, user)
                except ValidationError as exc:
                    raise CliError(" ".join(exc.messages)) from exc
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            actor = audit.cli_actor()
            audit.record(actor, audit.USER_CREATE, user, {"role": role.value})
            set_role(user, role.value, actor=actor)
            for organisation in organisations:
                Membership.objects.create(user=user, organisation=organisation)
        console.print(f"[green]Created[/] {username} ({role.value}).")
        if password is None:
            console.print("One-time link to choose a password (shown once):")
            typer.echo(_link(user, base_url, hours))

    _run(action)


@users_app.command("list")
def list_users(
    home: HomeOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the accounts with role, state and organisations."""

    def action() -> list[dict[str, Any]]:
        _setup(home)
        from django.contrib.auth import get_user_model

        from ecc_atlas.web.accounts.roles import role_of

        rows = []
        for user in (
            get_user_model()
            .objects.order_by("username")
            .prefetch_related("memberships__organisation")
        ):
            active = user.is_active
            user.is_active = True  # the role a disabled user would have again
            role = role_of(user).value
            user.is_active = active
            rows.append(
                {
                    "username": user.username,
                    "role": role,
                    "active": active,
                    "organisations": [m.organisation.org_number for m in user.memberships.all()],
                    "last_login": user.last_login.isoformat() if user.last_login else None,
                }
            )
        return rows

    rows = _run(action)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title="Users")
    for column in ("username", "role", "active", "organisations", "last_login"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["username"],
            row["role"],
            "yes" if row["active"] else "[red]disabled[/]",
            ", ".join(row["organisations"]),
            row["last_login"] or "",
        )
    console.print(table)


@users_app.command("set-role")
def set_role_command(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[RoleChoice, typer.Argument(help="New role.")],
    home: HomeOption = None,
) -> None:
    """Change the role of an account (recorded in the audit log)."""

    def action() -> None:
        _setup(home)
        from ecc_atlas.web.accounts import audit
        from ecc_atlas.web.accounts.roles import set_role

        user = _user(username)
        set_role(user, role.value, actor=audit.cli_actor())
        console.print(f"{username} is now {role.value}.")

    _run(action)


def _set_active(username: str, home: str | None, active: bool) -> None:
    _setup(home)
    from ecc_atlas.web.accounts import audit

    user = _user(username)
    if user.is_active == active:
        console.print(f"{username} is already {'enabled' if active else 'disabled'}.")
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(audit.cli_actor(), audit.USER_ENABLE if active else audit.USER_DISABLE, user)
    state = "enabled" if active else "disabled; their sessions no longer work"
    console.print(f"{username} is {state}.")


@users_app.command("disable")
def disable(
    username: Annotated[str, typer.Argument(help="User name.")], home: HomeOption = None
) -> None:
    """Disable an account: it can no longer sign in, and open sessions stop working."""
    _run(lambda: _set_active(username, home, False))


@users_app.command("enable")
def enable(
    username: Annotated[str, typer.Argument(help="User name.")], home: HomeOption = None
) -> None:
    """Enable a disabled account again."""
    _run(lambda: _set_active(username, home, True))


@users_app.command("reset-link")
def reset_link(
    username: Annotated[str, typer.Argument(help="User name.")],
    home: HomeOption = None,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    hours: HoursOption = 24,
) -> None:
    """Print a one-time link with which the user sets a new password (earlier links stop)."""

    def action() -> None:
        _setup(home)
        user = _user(username)
        if not user.is_active:
            raise CliError(f"{username} is disabled; `ecc-atlas users enable {username}` first.")
        console.print(f"One-time link for {username}, valid {hours} hours (shown once):")
        typer.echo(_link(user, base_url, hours))

    _run(action)


@users_app.command("add-org")
def add_org(
    username: Annotated[str, typer.Argument(help="User name of a member.")],
    org_number: Annotated[str, typer.Argument(help="Organisation number.")],
    home: HomeOption = None,
) -> None:
    """Let a member act for one more organisation."""

    def action() -> None:
        _setup(home)
        from ecc_atlas.web.accounts.models import Membership, Role
        from ecc_atlas.web.accounts.roles import role_of

        user, organisation = _user(username), _organisation(org_number)
        if role_of(user) is not Role.MEMBER:
            raise CliError(f"{username} is not a member; analysts and admins see all data.")
        _, created = Membership.objects.get_or_create(user=user, organisation=organisation)
        console.print(
            f"{username} {'now acts' if created else 'already acts'} for {organisation.name}."
        )

    _run(action)


@users_app.command("remove-org")
def remove_org(
    username: Annotated[str, typer.Argument(help="User name of a member.")],
    org_number: Annotated[str, typer.Argument(help="Organisation number.")],
    home: HomeOption = None,
) -> None:
    """Stop a member acting for an organisation."""

    def action() -> None:
        _setup(home)
        from ecc_atlas.web.accounts.models import Membership

        user, organisation = _user(username), _organisation(org_number)
        deleted = 0
        for membership in Membership.objects.filter(user=user, organisation=organisation):
            membership.delete()
            deleted += 1
        console.print(
            f"{username} {'no longer acts' if deleted else 'did not act'} for {organisation.name}."
        )

    _run(action)
