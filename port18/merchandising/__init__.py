from . import models
from . import wizard
from .hooks import place_existing_orders
