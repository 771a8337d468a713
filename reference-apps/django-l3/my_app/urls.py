"""The pages of every entity: /<plural>/, /<plural>/new/, /<plural>/<pk>/, /<plural>/<pk>/edit/, ..."""

from django.urls import path

from . import views

urlpatterns = [
    path("tasks/", views.TaskList.as_view(), name="task-list"),
    path("tasks/new/", views.TaskCreate.as_view(), name="task-create"),
    path("tasks/export.csv", views.TaskExport.as_view(), name="task-export"),
    path("tasks/<uuid:pk>/", views.TaskDetail.as_view(), name="task-detail"),
    path("tasks/<uuid:pk>/edit/", views.TaskUpdate.as_view(), name="task-update"),
    path("tasks/<uuid:pk>/delete/", views.TaskDelete.as_view(), name="task-delete"),
]
