<?php
/**
 * Every plugin file parses on PHP 7.4.
 *
 * @package ig-login-relay
 */

require_once __DIR__ . '/support/class-iglr-php74-check.php';

/**
 * Only PHP 8.2 is installed here, so PHP 7.4 compatibility is checked by
 * tokenizing: PHP 8 syntax shows up as tokens or token patterns 7.4 lacks.
 */
class Php74CompatibilityTest extends Iglr_Test_Case {

	public function test_the_check_finds_php8_syntax() {
		$samples = array(
			'match expression'                => '<?php $a = match ( $b ) { 1 => 2, default => 3 };',
			'nullsafe operator ?->'           => '<?php $a = $b?->c;',
			'attribute #[…]'                  => '<?php #[Foo] function f() {}',
			'readonly'                        => '<?php class A { public readonly int $a; }',
			'enum'                            => '<?php enum Suit { case Hearts; }',
			'promoted constructor parameter'  => '<?php class A { public function __construct( private $a ) {} }',
			'named argument'                  => '<?php f( value: 1 );',
			'union type'                      => '<?php function f( int|string $a ) {}',
			'type mixed'                      => '<?php function f( mixed $a ) {}',
			'return type static'              => '<?php class A { function f(): static {} }',
			'return type |'                   => '<?php function f(): int|string {}',
			'catch without a variable'        => '<?php try {} catch ( Exception ) {}',
			'first-class callable syntax'     => '<?php $f = strlen( ... );',
			'trailing comma in a parameter'   => '<?php function f( $a, ) {}',
			'PHP 8 function array_is_list()'  => '<?php array_is_list( $a );',
		);
		foreach ( $samples as $what => $code ) {
			$problems = Iglr_Php74_Check::problems( $code );
			$this->assertCount( 1, $problems, $what . ': ' . implode( '; ', $problems ) );
			$this->assertStringContainsString( $what, $problems[0] );
		}
	}

	public function test_the_check_accepts_php74_syntax() {
		$code = '<?php
			class A {
				private $a;
				public function __construct( array $a = array( 1 | 2 ), ?string $b = null ) { $this->a = $a; }
				public function f( int $x ): ?array { return $x ? A::B : array( "k" => C ? D : E ); }
				public function g(): self { return $this; }
			}
			$f = fn( $x ) => $x * 2;
			$a ??= f( 1, 2, );
			switch ( $a ) { case FOO: break; }
			try {} catch ( Exception $e ) {}
			$obj->array_is_list( 1 );';
		$this->assertSame( array(), Iglr_Php74_Check::problems( $code ) );
	}

	public function test_every_plugin_file_is_php74() {
		$root  = dirname( __DIR__ );
		$files = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $root, FilesystemIterator::SKIP_DOTS ) );
		$found = array();
		$count = 0;
		foreach ( $files as $file ) {
			if ( 'php' !== $file->getExtension() ) {
				continue;
			}
			$count++;
			foreach ( Iglr_Php74_Check::problems( (string) file_get_contents( $file->getPathname() ) ) as $problem ) {
				$found[] = substr( $file->getPathname(), strlen( $root ) + 1 ) . ' ' . $problem;
			}
		}
		$this->assertGreaterThan( 25, $count, 'the plugin files were found' );
		$this->assertSame( array(), $found );
	}
}
