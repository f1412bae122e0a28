from . import controllers
from . import models
from .hooks import place_existing_orders
