# Aspiration against the stage reached, one bubble per pair, sized by the
# number of responses: above the diagonal, the mindset is ahead of skills
# and platform.
# Usage: gnuplot -c aspiration.gp DATA.tsv OUTPUT svg|png|pdf STAGES
# DATA: a header row, then stage, aspiration, responses.
if (ARGC < 4) { print "usage: gnuplot -c aspiration.gp DATA OUTPUT svg|png|pdf STAGES"; exit status 2 }
data = ARG1; out = ARG2; fmt = ARG3; S = int(ARG4)
if (fmt eq "svg") { set terminal svg size 1000,620 dynamic noenhanced font "DejaVu Sans,14" background "white" } else {
if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font "DejaVu Sans,12" background "white" } else {
if (fmt eq "pdf") { set terminal pdfcairo size 10in,6.2in noenhanced font "DejaVu Sans,11" } else {
print "unknown format: ", fmt; exit status 2 } } }
set output out
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""

# before the ranges: stats of one column would keep only counts within xrange
stats data using 3 skip 1 nooutput
set title "Aspiration against stage reached (bubbles: responses)"
set xlabel "Stage reached"
set ylabel "Aspiration (stage the customer aims for)"
set xrange [-0.6:S + 0.6]
set yrange [-0.6:S + 0.6]
set xtics 0, 1, S nomirror
set ytics 0, 1, S nomirror
set grid lc rgb "#DDDDDD"
set border 3
set key top left
# point sizes in character units, so that bubbles stay round at any size
plot x with lines dt 2 lc rgb "#666666" title "aspiration = stage", \
     data using 1:2:(2 + 8 * sqrt($3 / STATS_max)) skip 1 with points pt 7 ps variable \
     lc rgb "#7FB8DA" title "responses (number inside)", \
     data using 1:2:3 skip 1 with labels tc rgb "black" notitle
