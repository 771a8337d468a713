# The trigram indexes a `?q=` search reads on PostgreSQL: trigrams of the upper-cased text, which is what
# `icontains` compares (UPPER(col) LIKE UPPER(...)), so a search reads the rows that match, not every row.
# pg_trgm is one of PostgreSQL's trusted extensions: the database's owner may create it, no superuser needed.
# On SQLite (DATABASE_URL's default for local development) the migration records the indexes and builds none.
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState
from django.db.models.functions import Upper


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex on PostgreSQL only (TrigramExtension skips other databases by itself)."""

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        TrigramExtension(),
        AddIndexOnPostgreSQL(
            model_name="author",
            index=GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="author_name_trgm"),
        ),
        AddIndexOnPostgreSQL(
            model_name="author",
            index=GinIndex(OpClass(Upper("bio"), name="gin_trgm_ops"), name="author_bio_trgm"),
        ),
        AddIndexOnPostgreSQL(
            model_name="book",
            index=GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="book_title_trgm"),
        ),
        AddIndexOnPostgreSQL(
            model_name="loan",
            index=GinIndex(OpClass(Upper("borrower"), name="gin_trgm_ops"), name="loan_borrower_trgm"),
        ),
    ]
