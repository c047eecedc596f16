# expect: denied-api
import cv2
img = cv2.imread("/etc/hostname")
