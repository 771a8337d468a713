# The trigram indexes a `?q=` search reads on PostgreSQL: trigrams of the upper-cased text, which is what
# `icontains` compares (UPPER(col) LIKE UPPER(...)), so a search reads the rows that match, not every row.
# pg_trgm is one of PostgreSQL's trusted extensions: the database's owner may create it, no superuser needed.
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models.functions import Upper


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name="author",
            index=GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="author_name_trgm"),
        ),
        migrations.AddIndex(
            model_name="author",
            index=GinIndex(OpClass(Upper("bio"), name="gin_trgm_ops"), name="author_bio_trgm"),
        ),
        migrations.AddIndex(
            model_name="book",
            index=GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="book_title_trgm"),
        ),
        migrations.AddIndex(
            model_name="loan",
            index=GinIndex(OpClass(Upper("borrower"), name="gin_trgm_ops"), name="loan_borrower_trgm"),
        ),
    ]
