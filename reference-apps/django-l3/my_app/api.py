"""The JSON API (Django REST framework): /api/<plural>/ for every entity.

Lists are paginated 20 a page and searchable with `?q=`; bool, enum and ref fields can be filtered by name
(`?completed=true`). Reads are public, writes need a token or a session (see settings.REST_FRAMEWORK).
"""

from django.db.models import ProtectedError
from rest_framework import routers, serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from .models import Task


class ProtectedModelViewSet(viewsets.ModelViewSet):
    """Refuses to delete an object that others still refer to with 409 Conflict instead of a server error."""

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


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "title", "completed", "created_at"]


class TaskViewSet(ProtectedModelViewSet):
    queryset = Task.objects.all()
    serializer_class = TaskSerializer
    search_fields = ["title"]
    filterset_fields = ["completed"]


router = routers.DefaultRouter()
router.register("tasks", TaskViewSet)
