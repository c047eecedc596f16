# expect: denied-api
import cv2
import numpy as np
cv2.imwrite("/tmp/x.png", np.zeros((4, 4, 3), np.uint8))
