# expect: module-as-value
import numpy as np
import torch
backend = np or torch
