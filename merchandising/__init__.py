from . import controllers
from . import models
from . import report
from .hooks import place_existing_orders
