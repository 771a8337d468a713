"""The JSON API (Django REST framework): /api/<plural>/ for every entity.

Lists are paginated 20 a page and searchable with `?q=`; bool, enum and ref fields can be filtered by name
(`?completed=true`). Reads are public, writes need a token or a session (see settings.REST_FRAMEWORK).
"""

from django.contrib.auth import authenticate, login, logout
from django.db.models import ProtectedError, QuerySet
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect
from rest_framework import generics, routers, serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Author, Book, Loan


class ProtectedModelViewSet(viewsets.ModelViewSet):
    """Search and filters narrow the list only; deleting an object that others still refer to answers 409
    Conflict instead of a server error."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # DRF also runs the filter backends in get_object(): a detail URL names its object, the list's query
        # parameters do not apply to it.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def destroy(self, request: Request, *args: object, **kwargs: object) -> Response:
        try:
            return super().destroy(request, *args, **kwargs)
        except ProtectedError:
            return Response(
                {"detail": "Other objects still refer to this one; change or delete them first."},
                status=status.HTTP_409_CONFLICT,
            )


class TokenView(ObtainAuthToken):
    """POST a username and password, get the user's token. Django's own request goes to authenticate(), so that
    django-axes counts failures and marks a locked-out client where its middleware looks (answering 429)."""

    def get_serializer_context(self) -> dict[str, object]:
        return {**super().get_serializer_context(), "request": self.request._request}


class UserSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username", read_only=True)


class UserView(generics.RetrieveAPIView):
    """Who the request's session or token signs in: the frontend asks on each page, passing the visitor's cookies."""

    serializer_class = UserSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self) -> object:
        return self.request.user


@method_decorator(csrf_protect, name="dispatch")
class SessionView(APIView):
    """The frontend's sign-in and sign-out, with Django's own session: GET hands out a CSRF token (and its
    cookie), POST signs a username and password in, DELETE ends the session on the server. Every POST and DELETE
    needs the CSRF token, signed in or not. The frontend's server relays the session and CSRF cookies this sets,
    as Django sets them (HttpOnly, SameSite=Lax, Secure over HTTPS), to the browser."""

    class Credentials(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(trim_whitespace=False)

    authentication_classes = []  # the session of Django's own request, read and changed below
    permission_classes = [AllowAny]
    serializer_class = Credentials

    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})

    def post(self, request: Request) -> Response:
        serializer = self.Credentials(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Django's own request goes to authenticate(), so that django-axes counts failures (and answers 429).
        user = authenticate(request._request, **serializer.validated_data)
        if user is None:
            message = "Please enter a correct username and password. Note that both fields may be case-sensitive."
            return Response({"non_field_errors": [message]}, status=status.HTTP_400_BAD_REQUEST)
        login(request._request, user)
        return Response({"username": user.get_username()})

    def delete(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "name", "email", "website", "bio", "royalty_rate", "created_at"]


class AuthorViewSet(ProtectedModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer
    search_fields = ["name", "bio"]
    filterset_fields = []


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = [
            "id",
            "title",
            "author",
            "status",
            "price",
            "rating",
            "pages",
            "published_on",
            "in_print",
            "added_at",
            "updated_at",
            "sequel_to",
            "format",
            "copies",
        ]


class BookViewSet(ProtectedModelViewSet):
    # A reference is written as its target's key, which the row holds itself: no join to read it.
    queryset = Book.objects.all()
    serializer_class = BookSerializer
    search_fields = ["title"]
    filterset_fields = ["author", "status", "in_print", "sequel_to", "format"]


class LoanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Loan
        fields = [
            "id",
            "book",
            "borrower",
            "due_on",
            "returned",
            "copy_number",
            "returned_at",
            "fine",
            "ticket",
            "created_at",
        ]


class LoanViewSet(ProtectedModelViewSet):
    # A reference is written as its target's key, which the row holds itself: no join to read it.
    queryset = Loan.objects.all()
    serializer_class = LoanSerializer
    search_fields = ["borrower"]
    filterset_fields = ["book", "returned"]


router = routers.DefaultRouter()
router.register("authors", AuthorViewSet)
router.register("books", BookViewSet)
router.register("loans", LoanViewSet)
