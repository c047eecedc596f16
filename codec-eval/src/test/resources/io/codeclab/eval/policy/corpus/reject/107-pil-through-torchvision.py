# expect: denied-api
import torchvision
img = torchvision.utils.Image.open("/etc/hostname")
