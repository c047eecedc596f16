# expect: import-not-allowed
import multiprocessing
multiprocessing.Process(target=print).start()
