# Time per operation relative to linux (median ns; below 1 is faster) (bench/driver)
set datafile missing 'NaN'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set xtics rotate by -50 scale 0 font ',9'
set title 'Time per operation relative to linux (median ns; below 1 is faster)'
set ylabel 'time / time on linux'
set logscale y
set yrange [*:*]
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 lw 1.5
set terminal pngcairo noenhanced size 1600,700 font ',10'
set output 'time-ratio-linux.png'
plot for [i=2:6] 'time-ratio-linux.dat' using i:xtic(1) title columnheader(i)
set terminal svg noenhanced size 1600,700 dynamic font 'sans,10'
set output 'time-ratio-linux.svg'
plot for [i=2:6] 'time-ratio-linux.dat' using i:xtic(1) title columnheader(i)
