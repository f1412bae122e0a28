from . import merchandising_sample
from . import merchandising_sample_type
from . import merchandising_stage
from . import merchandising_stage_history
from . import sale_order
from . import sale_order_sample
