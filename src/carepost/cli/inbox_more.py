"""`carepost inbox case ...` and `carepost inbox template ...` (kept apart to stay short)."""

from __future__ import annotations

import click

from carepost.cli._common import handle_errors, open_engine, operator, org_option

CASE_FIELDS = ("product_name", "event_description", "patient_identifier", "patient_age",
               "patient_sex", "event_date", "product_dose", "product_lot", "reporter_name",
               "reporter_contact", "seriousness", "outcome", "status")


def _fields(pairs: tuple[str, ...], patient: bool | None, reporter: bool | None) -> dict:
    fields: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in CASE_FIELDS:
            raise click.BadParameter(f"use FIELD=VALUE with one of {', '.join(CASE_FIELDS)}",
                                     param_hint="--set")
        fields[name] = value
    if patient is not None:
        fields["identifiable_patient"] = patient
    if reporter is not None:
        fields["identifiable_reporter"] = reporter
    return fields


@click.group()
def case() -> None:
    """Adverse-event cases: create from an item, edit, show, export (MedWatch fields)."""


_set = click.option("--set", "pairs", multiple=True, metavar="FIELD=VALUE",
                    help="Set a case field (repeatable).")
_patient = click.option("--patient/--no-patient", "patient", default=None,
                        help="Whether the patient is identifiable.")
_reporter = click.option("--reporter/--no-reporter", "reporter", default=None,
                         help="Whether the reporter is identifiable.")


@case.command("create")
@org_option
@click.option("--item", "item_id", type=int, default=None,
              help="The inbox item it comes from (pre-fills the four elements).")
@_set
@_patient
@_reporter
@handle_errors
def create(org_slug: str, item_id: int | None, pairs: tuple[str, ...], patient: bool | None,
           reporter: bool | None) -> None:
    """Open a case; its 15-calendar-day clock starts when the item was fetched."""
    from carepost.services.inbox import cases
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            row = cases.create_case(session, operator(session, org_slug), item_id,
                                    _fields(pairs, patient, reporter))
            click.echo(f"case {row.id} opened, due {cases.clock_dates(row)[1].isoformat()}"
                       f"{'' if cases.complete(row) else ' (the four elements are incomplete)'}")
    finally:
        engine.dispose()


@case.command("edit")
@org_option
@click.argument("case_id", type=int)
@_set
@_patient
@_reporter
@handle_errors
def edit(org_slug: str, case_id: int, pairs: tuple[str, ...], patient: bool | None,
         reporter: bool | None) -> None:
    """Change case fields; every change is audited by field name."""
    from carepost.services.inbox import cases
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            cases.update_case(session, operator(session, org_slug), case_id,
                              _fields(pairs, patient, reporter))
        click.echo(f"case {case_id} updated")
    finally:
        engine.dispose()


@case.command("show")
@org_option
@click.argument("case_id", type=int)
@handle_errors
def show(org_slug: str, case_id: int) -> None:
    """Print a case with its clock."""
    from carepost.services.inbox import cases
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            row = cases.get_case(session, operator(session, org_slug), case_id)
            click.echo(f"case {row.id} [{row.status}] due {cases.clock_dates(row)[1].isoformat()} "
                       f"({cases.days_left(row)} days left)  reportable: "
                       f"{'yes' if cases.complete(row) else 'no'}")
            for name in ("identifiable_patient", "identifiable_reporter", *CASE_FIELDS[:-1]):
                click.echo(f"  {name}: {getattr(row, name)}")
    finally:
        engine.dispose()


@case.command("export")
@org_option
@click.argument("case_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True, help="Output format.")
@handle_errors
def export(org_slug: str, case_id: int, fmt: str) -> None:
    """Print the case with FDA Form 3500 (MedWatch) field names; the export is audited."""
    from carepost.services.inbox import cases
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            text = cases.export_case(session, operator(session, org_slug), case_id, fmt)
        click.echo(text, nl=not text.endswith("\n"))
    finally:
        engine.dispose()


@click.group()
def template() -> None:
    """Saved replies; each must pass the guard when saved."""


@template.command("add")
@org_option
@click.option("--name", required=True, help="A short name.")
@click.option("--text", required=True, help="The reply text.")
@handle_errors
def add(org_slug: str, name: str, text: str) -> None:
    """Save a template (refused when the guard blocks or warns)."""
    from carepost.services.inbox import actions
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            row = actions.add_template(session, operator(session, org_slug), name, text)
            click.echo(f"template {row.id} saved")
    finally:
        engine.dispose()


@template.command("list")
@org_option
@handle_errors
def list_(org_slug: str) -> None:
    """List templates: id, name, text."""
    from carepost.services.inbox import actions
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for row in actions.list_templates(session, operator(session, org_slug)):
                click.echo(f"{row.id}\t{row.name}\t{row.text}")
    finally:
        engine.dispose()
