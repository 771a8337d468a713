"""The server-rendered CRUD pages of every entity."""

import csv
import io
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.template import Engine
from django.template.defaultfilters import truncatechars
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from .conftest import FACTORIES, entity_params, form_data, make, values_of

pytestmark = pytest.mark.django_db


def test_home_lists_every_entity(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    for opts, _count, _count_is_estimate in response.context["cards"]:
        assert reverse(f"{opts.model_name}-list") in response.content.decode()


@pytest.mark.parametrize("entity", entity_params())
def test_home_counts_follow_saves_and_deletes(client: Client, entity: Any) -> None:
    """The counts are right after every change."""

    def shown() -> int:
        cards = client.get("/").context["cards"]
        return next(count for opts, count, _ in cards if opts.model is entity.model)

    before = shown()
    obj = make(entity)
    assert shown() == before + 1
    obj.delete()
    assert shown() == before


@pytest.mark.parametrize("entity", entity_params())
def test_list_order_is_indexed(entity: Any) -> None:
    """A newest-first list reads its page from an index (models.py), rather than sorting the whole table."""
    meta = entity.model._meta
    columns = [meta.get_field(name.lstrip("-")).column for name in meta.ordering]
    if columns == [meta.pk.column]:
        pytest.skip(f"{entity.name} is listed by its pk alone, which has an index of its own")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, meta.db_table)
    assert [name for name, c in constraints.items() if c["index"] and c["columns"] == columns] != []


@pytest.mark.parametrize("entity", entity_params())
def test_list_shows_the_newest_first(client: Client, entity: Any) -> None:
    """Every entity records when each row was stored (the spec's auto_add date, else created_at) and lists by it."""
    stamp = entity.model._meta.ordering[0].lstrip("-")
    assert entity.model._meta.get_field(stamp).auto_now_add
    older, newer = make(entity), make(entity)
    entity.model._default_manager.filter(pk=older.pk).update(**{stamp: timezone.now() - timedelta(days=1)})
    shown = [obj.pk for obj in client.get(f"/{entity.plural}/").context["object_list"]]
    assert shown.index(newer.pk) < shown.index(older.pk)


def test_seed_reports_the_rows_it_stored() -> None:
    """A reference makes an object of its target too: seed counts what it stored rather than what it was asked."""
    before = {model: model._default_manager.count() for model in FACTORIES}
    out = io.StringIO()
    call_command("seed", count=2, stdout=out)
    for model, earlier in before.items():
        added = model._default_manager.count() - earlier
        assert f"{model._meta.verbose_name_plural}: {added} added" in out.getvalue()


@pytest.mark.parametrize("entity", entity_params())
class TestPages:
    def test_list_paginates_twenty_a_page(self, client: Client, entity: Any) -> None:
        for _ in range(21):
            make(entity)
        first = client.get(f"/{entity.plural}/")
        assert first.status_code == 200
        assert len(first.context["object_list"]) == 20
        second = client.get(f"/{entity.plural}/?page=2")
        assert len(second.context["object_list"]) == 1

    def test_list_pages_and_count(self, client: Client, entity: Any) -> None:
        """The count and the page's rows come from two bounded queries: a count beside each row (a window,
        `COUNT(*) OVER ()`) would make the database sort every row found to show 20. Pages out of range are 404s."""
        for _ in range(21):
            make(entity)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(f"/{entity.plural}/?page=2")
        assert "(21)" in second.content.decode()
        assert len(second.context["object_list"]) == 1
        assert [q["sql"] for q in queries if " OVER " in q["sql"]] == []
        assert any(" LIMIT 1 OFFSET 20" in q["sql"] for q in queries)  # the rest of the 21
        assert client.get(f"/{entity.plural}/?page=last").context["object_list"][0].pk == (
            second.context["object_list"][0].pk
        )
        for wrong in ("3", "0", "-1", "abc", "2.5", "9" * 30):
            assert client.get(f"/{entity.plural}/?page={wrong}").status_code == 404, wrong

    def test_a_visitors_list_page_sets_no_cookie(self, client: Client, user: User, entity: Any) -> None:
        """Only a signed-in user's pages carry a CSRF token (every write needs a user), so a visitor gets none."""
        make(entity)
        visitor = client.get(f"/{entity.plural}/")
        assert visitor.status_code == 200
        assert not visitor.cookies
        assert b"X-CSRFToken" not in visitor.content
        client.force_login(user)
        assert b"X-CSRFToken" in client.get(f"/{entity.plural}/").content

    def test_each_filter_offers_its_choices_with_the_chosen_one_selected(self, client: Client, entity: Any) -> None:
        """A filter's <select> lists every choice (a reference: each row it may point to) after its own "any", and
        marks the one the list is filtered by."""
        if not entity.list_view.filterset_fields:
            pytest.skip(f"{entity.name} has no filters")
        obj = make(entity)
        for name in entity.list_view.filterset_fields:
            value = getattr(obj, entity.model._meta.get_field(name).attname)
            if value is None:
                continue
            chosen = str(value).lower() if isinstance(value, bool) else str(value)
            page = client.get(f"/{entity.plural}/", {name: chosen}).content.decode()
            select = page[page.index(f'<select class="form-select" name="{name}"') :]
            options = select[: select.index("</select>")].split("<option ")[1:]
            assert options[0].startswith('value="">') and f'value="{escape(chosen)}" selected>' in select, name
            empty = [o for o in options[1:] if o.startswith(('value="">', 'value="unknown"'))]
            assert len(options) > 1 and empty == [], name

    def test_search_finds_text_fields(self, client: Client, entity: Any) -> None:
        if not entity.search_fields:
            pytest.skip(f"{entity.name} has no str or text field to search")
        wanted, other = make(entity), make(entity)
        needle = str(getattr(wanted, entity.search_fields[0])).upper()
        response = client.get(f"/{entity.plural}/", {"q": needle})
        found = [obj.pk for obj in response.context["object_list"]]
        assert wanted.pk in found
        assert other.pk not in found

    def test_search_with_nul_characters_is_no_error(self, client: Client, entity: Any) -> None:
        make(entity)
        assert client.get(f"/{entity.plural}/", {"q": "a\x00b"}).status_code == 200
        export = client.get(f"/{entity.plural}/export.csv", {"q": "a\x00b"})
        assert export.status_code == 200
        assert b"".join(export.streaming_content)  # the header row at least: the query ran

    def test_htmx_search_returns_only_results(self, client: Client, entity: Any) -> None:
        make(entity)
        response = client.get(f"/{entity.plural}/", headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert b"<html" not in response.content

    def test_detail(self, client: Client, entity: Any) -> None:
        obj = make(entity)
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert str(obj) in page
        for field in entity.columns:  # a choice by its label, another object as a link to it
            value = getattr(obj, field.name)
            if field.choices and value:
                assert escape(getattr(obj, f"get_{field.name}_display")()) in page, field.name
            if field.is_relation and value:
                assert f'<a href="{value.get_absolute_url()}">{escape(value)}</a>' in page, field.name

    def test_create_redirects_to_detail(self, logged_in: Client, entity: Any) -> None:
        form = logged_in.get(f"/{entity.plural}/new/")
        assert form.status_code == 200
        values = values_of(entity)
        for name in values:
            assert f'name="{name}"' in form.content.decode()
        response = logged_in.post(f"/{entity.plural}/new/", form_data(values))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        created = entity.model._default_manager.get()
        assert response["Location"] == created.get_absolute_url()

    def test_create_shows_errors_by_field(self, logged_in: Client, entity: Any) -> None:
        required = [f.name for f in entity.form_class().visible_fields() if f.field.required]
        if not required:
            pytest.skip(f"{entity.name} has no required field")
        values = values_of(entity)
        values[required[0]] = ""
        response = logged_in.post(f"/{entity.plural}/new/", form_data(values))
        assert response.status_code == 200
        assert required[0] in response.context["form"].errors
        assert not entity.model._default_manager.exists()

    def test_anonymous_create_goes_to_login(self, client: Client, entity: Any) -> None:
        values = values_of(entity)
        before = entity.model._default_manager.count()
        response = client.post(f"/{entity.plural}/new/", form_data(values))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert entity.model._default_manager.count() == before

    def test_edit(self, logged_in: Client, entity: Any) -> None:
        obj = make(entity)
        values = values_of(entity)
        response = logged_in.post(f"/{entity.plural}/{obj.pk}/edit/", form_data(values))
        assert response.status_code == 302
        assert response["Location"] == obj.get_absolute_url()

    def test_delete_asks_then_deletes(self, logged_in: Client, entity: Any) -> None:
        obj = make(entity)
        confirm = logged_in.get(f"/{entity.plural}/{obj.pk}/delete/")
        assert confirm.status_code == 200
        assert b"cannot be undone" in confirm.content
        response = logged_in.post(f"/{entity.plural}/{obj.pk}/delete/")
        assert response.status_code == 302
        assert not entity.model._default_manager.filter(pk=obj.pk).exists()

    def test_export_csv(self, client: Client, entity: Any) -> None:
        objects = [make(entity) for _ in range(3)]
        response = client.get(f"/{entity.plural}/export.csv")
        assert response["Content-Type"] == "text/csv"
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0] == [f.name for f in entity.columns]
        assert sorted(row[0] for row in rows[1:]) == sorted(str(obj.pk) for obj in objects)


@pytest.mark.parametrize("entity", [e for e in entity_params() if e.values[0].label])
@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1+1"])
def test_export_keeps_formulas_from_running(client: Client, entity: Any, text: str) -> None:
    """A text cell that a spreadsheet would run as a formula is written with a ' in front (OWASP)."""
    obj = make(entity, **{entity.label: text})
    response = client.get(f"/{entity.plural}/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    column = rows[0].index(entity.label)
    assert next(row[column] for row in rows[1:] if row[0] == str(obj.pk)) == "'" + text


def test_unknown_page_is_404(client: Client) -> None:
    assert client.get("/no-such-page/").status_code == 404


@pytest.mark.parametrize("text", ["", "short", "x" * 60, "x" * 61, "é" * 80, "A title of many words " * 5])
def test_list_cuts_long_values_as_truncatechars_does(text: str) -> None:
    display = import_module(Engine.get_default().libraries["display"])
    assert display.shorten(text, 60) == truncatechars(text, 60)
