# expect: dunder-attribute
try:
    1 / 0
except ZeroDivisionError as e:
    frame = e.__traceback__.tb_frame
