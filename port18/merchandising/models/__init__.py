from . import merchandising_stage
from . import merchandising_stage_history
from . import sale_order
