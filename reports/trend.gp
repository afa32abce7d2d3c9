# The state of each group at each quarter's end (reference §9): the mean
# index of every customer's latest interview up to then, one line per group,
# each point labelled with the customers behind it (written when the
# interviews span more than one quarter).
# Usage: gnuplot -c trend.gp DATA.tsv OUTPUT svg|png|pdf GROUPS
# DATA: a header row (quarter, then per group its label and "customers"),
# then per quarter, for each group, its mean index and its customers (both
# empty: none yet, a gap in the line).
# Every text in the chart comes from DATA: nothing in it is run as code.
if (ARGC < 4) { print "usage: gnuplot -c trend.gp DATA OUTPUT svg|png|pdf GROUPS"; exit status 2 }
data = ARG1; out = ARG2; fmt = ARG3; ngroups = int(ARG4)
if (fmt eq "svg") { set terminal svg size 1000,520 dynamic noenhanced font "DejaVu Sans,14" background "white" } else {
if (fmt eq "png") { set terminal pngcairo size 1000,520 noenhanced font "DejaVu Sans,12" background "white" } else {
if (fmt eq "pdf") { set terminal pdfcairo size 10in,5.2in noenhanced font "DejaVu Sans,11" } else {
print "unknown format: ", fmt; exit status 2 } } }
set output out
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""

array C[8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
array P[8] = [7, 5, 9, 11, 13, 15, 6, 4]
set title "Mean maturity index as of each quarter's end, by group (labels: customers)"
set xlabel "Quarter"
set ylabel "Maturity index (0-100)"
set yrange [0:105]
set xtics rotate by -30 left nomirror
set ytics 0, 20, 100 nomirror
set grid ytics lc rgb "#DDDDDD"
set border 3
set key outside right top vertical Left reverse
set datafile missing ""
set offsets 0.3, 0.3, 0, 0
plot for [g=1:ngroups] data using 0:2*g:xtic(1) with linespoints lw 2 pt P[(g - 1) % 8 + 1] \
     lc rgb C[(g - 1) % 8 + 1] title columnheader(2*g), \
     for [g=1:ngroups] data using 0:2*g:2*g+1 with labels offset 0,0.9 font ",9" \
     tc rgb C[(g - 1) % 8 + 1] notitle
