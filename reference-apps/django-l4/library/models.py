"""The data model, generated from the entity spec in .copier-answers.yml."""

import uuid
from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse


class Author(models.Model):
    name = models.CharField(max_length=100, unique=True)
    email = models.EmailField(max_length=254, blank=True)
    website = models.URLField(max_length=500, blank=True)
    bio = models.TextField(blank=True)
    royalty_rate = models.FloatField(null=True, blank=True, default=0.1)
    # Not in the spec: when it was stored, so that lists show the newest first (the ordering below).
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A list page is read from the first index in order, not sorted from the whole table; a `?q=` search from
        # the trigram indexes (migrations/0002_search_indexes.py).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="author_ordering_idx"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="author_name_trgm"),
            GinIndex(OpClass(Upper("bio"), name="gin_trgm_ops"), name="author_bio_trgm"),
        ]
        verbose_name_plural = "authors"

    def __str__(self) -> str:
        return self.name or f"Author {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("author-detail", args=[self.pk])


class Book(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Format(models.TextChoices):
        HARDCOVER = "hardcover", "Hardcover"
        PAPERBACK = "paperback", "Paperback"
        EBOOK = "ebook", "Ebook"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    author = models.ForeignKey("Author", on_delete=models.PROTECT, related_name="books")
    status = models.CharField(max_length=9, choices=Status.choices, blank=True, default="draft")
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)
    pages = models.IntegerField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    in_print = models.BooleanField(default=True)
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sequel_to = models.ForeignKey("Book", on_delete=models.SET_NULL, related_name="books", null=True, blank=True)
    format = models.CharField(max_length=9, choices=Format.choices, blank=True)
    copies = models.IntegerField(null=True, blank=True, default=1)

    class Meta:
        ordering = ["-added_at", "-id"]
        # A list page is read from the first index in order, not sorted from the whole table; a `?q=` search from
        # the trigram indexes (migrations/0002_search_indexes.py).
        indexes = [
            models.Index(fields=["-added_at", "-id"], name="book_ordering_idx"),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="book_title_trgm"),
        ]
        verbose_name_plural = "books"

    def __str__(self) -> str:
        return self.title or f"Book {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("book-detail", args=[self.pk])


class Loan(models.Model):
    book = models.ForeignKey("Book", on_delete=models.PROTECT, related_name="loans")
    borrower = models.CharField(max_length=100)
    due_on = models.DateField()
    returned = models.BooleanField(default=False)
    copy_number = models.IntegerField()
    returned_at = models.DateTimeField(null=True, blank=True)
    fine = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True, default=Decimal("0.00"))
    ticket = models.UUIDField(null=True, blank=True, unique=True)
    # Not in the spec: when it was stored, so that lists show the newest first (the ordering below).
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A list page is read from the first index in order, not sorted from the whole table; a `?q=` search from
        # the trigram indexes (migrations/0002_search_indexes.py).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="loan_ordering_idx"),
            GinIndex(OpClass(Upper("borrower"), name="gin_trgm_ops"), name="loan_borrower_trgm"),
        ]
        verbose_name_plural = "loans"

    def __str__(self) -> str:
        return self.borrower or f"Loan {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("loan-detail", args=[self.pk])
