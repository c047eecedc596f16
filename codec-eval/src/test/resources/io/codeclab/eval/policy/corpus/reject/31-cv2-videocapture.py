# expect: denied-api
import cv2
cap = cv2.VideoCapture("/input/clip.y4m")
