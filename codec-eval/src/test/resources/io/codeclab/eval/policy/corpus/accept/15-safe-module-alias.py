import numpy as np
import numpy

xp = np
rng_module = np.random
fft = numpy.fft


def noise(shape, seed=0):
    rng = rng_module.default_rng(seed)
    spectrum = fft.rfft2(rng.standard_normal(shape))
    return xp.abs(fft.irfft2(spectrum, s=shape))
