# expect: denied-attribute
def preview(img):
    img.show()
