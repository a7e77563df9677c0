# Guest instructions per operation (application and kernel) (bench/driver)
set datafile missing 'NaN'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set xtics rotate by -50 scale 0 font ',9'
set title 'Guest instructions per operation (application and kernel)'
set ylabel 'instructions (log scale)'
set logscale y
set yrange [*:*]
set terminal pngcairo noenhanced size 1600,700 font ',10'
set output 'insns.png'
plot for [i=2:7] 'insns.dat' using i:xtic(1) title columnheader(i)
set terminal svg noenhanced size 1600,700 dynamic font 'sans,10'
set output 'insns.svg'
plot for [i=2:7] 'insns.dat' using i:xtic(1) title columnheader(i)
