# expect: denied-api
import cv2
fs = cv2.FileStorage("/tmp/x.yml", cv2.FILE_STORAGE_WRITE)
