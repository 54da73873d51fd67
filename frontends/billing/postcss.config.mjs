/** PostCSS: Tailwind CSS v4. */
export default {
  plugins: {
    '@tailwindcss/postcss': {},
  },
};
