# expect: denied-api
from torchvision import datasets
