# Generated from the entity spec together with models.py; `manage.py makemigrations --check` proves they agree.
# Entities are created first and their references added afterwards, so any spec order works.
import uuid
from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Author",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                ("email", models.EmailField(max_length=254, blank=True)),
                ("website", models.URLField(max_length=500, blank=True)),
                ("bio", models.TextField(blank=True)),
                ("royalty_rate", models.FloatField(null=True, blank=True, default=0.1)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["-created_at", "-id"], name="author_ordering_idx")],
                "verbose_name_plural": "authors",
            },
        ),
        migrations.CreateModel(
            name="Book",
            fields=[
                ("id", models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, serialize=False)),
                ("title", models.CharField(max_length=200)),
                ("status", models.CharField(max_length=9, choices=[("draft", "Draft"), ("published", "Published"), ("archived", "Archived")], blank=True, default="draft")),
                ("price", models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)),
                ("rating", models.FloatField(null=True, blank=True)),
                ("pages", models.IntegerField(null=True, blank=True)),
                ("published_on", models.DateField(null=True, blank=True)),
                ("in_print", models.BooleanField(default=True)),
                ("added_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("format", models.CharField(max_length=9, choices=[("hardcover", "Hardcover"), ("paperback", "Paperback"), ("ebook", "Ebook")], blank=True)),
                ("copies", models.IntegerField(null=True, blank=True, default=1)),
            ],
            options={
                "ordering": ["-added_at", "-id"],
                "indexes": [models.Index(fields=["-added_at", "-id"], name="book_ordering_idx")],
                "verbose_name_plural": "books",
            },
        ),
        migrations.CreateModel(
            name="Loan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("borrower", models.CharField(max_length=100)),
                ("due_on", models.DateField()),
                ("returned", models.BooleanField(default=False)),
                ("copy_number", models.IntegerField()),
                ("returned_at", models.DateTimeField(null=True, blank=True)),
                ("fine", models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True, default=Decimal("0.00"))),
                ("ticket", models.UUIDField(null=True, blank=True, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["-created_at", "-id"], name="loan_ordering_idx")],
                "verbose_name_plural": "loans",
            },
        ),
        migrations.AddField(
            model_name="book",
            name="author",
            field=models.ForeignKey("library.author", on_delete=models.PROTECT, related_name="books"),
        ),
        migrations.AddField(
            model_name="book",
            name="sequel_to",
            field=models.ForeignKey("library.book", on_delete=models.SET_NULL, related_name="books", null=True, blank=True),
        ),
        migrations.AddField(
            model_name="loan",
            name="book",
            field=models.ForeignKey("library.book", on_delete=models.PROTECT, related_name="loans"),
        ),
    ]
