# Mindset ahead of skills per group (reference §9 "Who needs what"): the
# customers whose aspiration is two stages or more ahead of the stage
# reached, by their access to a partner; stacked bars.
# Usage: gnuplot -c ahead.gp DATA.tsv OUTPUT svg|png|pdf
# DATA: a header row (group, no partner, partner, not known), then per group
# its label and the number of customers in each.
# Every text in the chart comes from DATA: nothing in it is run as code.
if (ARGC < 3) { print "usage: gnuplot -c ahead.gp DATA OUTPUT svg|png|pdf"; exit status 2 }
data = ARG1; out = ARG2; fmt = ARG3
if (fmt eq "svg") { set terminal svg size 1000,520 dynamic noenhanced font "DejaVu Sans,14" background "white" } else {
if (fmt eq "png") { set terminal pngcairo size 1000,520 noenhanced font "DejaVu Sans,12" background "white" } else {
if (fmt eq "pdf") { set terminal pdfcairo size 10in,5.2in noenhanced font "DejaVu Sans,11" } else {
print "unknown format: ", fmt; exit status 2 } } }
set output out
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""

# Okabe-Ito: no partner in vermilion (where training and partners should
# go), a partner in blue, not known in grey.
array C[3] = ["#D55E00", "#0072B2", "#BBBBBB"]
set title "Mindset ahead of skills: customers two stages or more short of their aspiration"
set ylabel "Customers"
# whole customers on the axis: a step of 1, or a tenth of the tallest bar
stats data every ::1 using ($2 + $3 + $4) nooutput
step = STATS_max > 10 ? ceil(STATS_max / 10.0) : 1
set yrange [0:*]
set ytics 0, step nomirror
set xtics nomirror scale 0
set border 3
set grid ytics lc rgb "#DDDDDD"
set key outside right top vertical reverse Left noautotitle
set style data histograms
set style histogram rowstacked
set style fill solid 0.95 border lc rgb "white"
set boxwidth 0.6
plot for [i=2:4] data using i:xtic(1) title columnheader(i) lc rgb C[i - 1]
