"""The pages of every entity: /<plural>/, /<plural>/new/, /<plural>/<pk>/, /<plural>/<pk>/edit/, ..."""

from django.urls import path

from . import views

urlpatterns = [
    path("authors/", views.AuthorList.as_view(), name="author-list"),
    path("authors/new/", views.AuthorCreate.as_view(), name="author-create"),
    path("authors/export.csv", views.AuthorExport.as_view(), name="author-export"),
    path("authors/<int:pk>/", views.AuthorDetail.as_view(), name="author-detail"),
    path("authors/<int:pk>/edit/", views.AuthorUpdate.as_view(), name="author-update"),
    path("authors/<int:pk>/delete/", views.AuthorDelete.as_view(), name="author-delete"),
    path("books/", views.BookList.as_view(), name="book-list"),
    path("books/new/", views.BookCreate.as_view(), name="book-create"),
    path("books/export.csv", views.BookExport.as_view(), name="book-export"),
    path("books/<uuid:pk>/", views.BookDetail.as_view(), name="book-detail"),
    path("books/<uuid:pk>/edit/", views.BookUpdate.as_view(), name="book-update"),
    path("books/<uuid:pk>/delete/", views.BookDelete.as_view(), name="book-delete"),
    path("loans/", views.LoanList.as_view(), name="loan-list"),
    path("loans/new/", views.LoanCreate.as_view(), name="loan-create"),
    path("loans/export.csv", views.LoanExport.as_view(), name="loan-export"),
    path("loans/<int:pk>/", views.LoanDetail.as_view(), name="loan-detail"),
    path("loans/<int:pk>/edit/", views.LoanUpdate.as_view(), name="loan-update"),
    path("loans/<int:pk>/delete/", views.LoanDelete.as_view(), name="loan-delete"),
]
