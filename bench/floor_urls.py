"""The app's URLs plus the hand-written floor views the scale benchmark compares against."""

from bench.scale import urlpatterns_with_floors

urlpatterns = urlpatterns_with_floors()
