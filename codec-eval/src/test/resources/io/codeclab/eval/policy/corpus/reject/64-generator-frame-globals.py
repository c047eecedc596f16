# expect: denied-attribute
gen = (x for x in ())
g = gen.gi_frame.f_back.f_globals
