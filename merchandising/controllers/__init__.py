from . import portal
from . import factory_portal
